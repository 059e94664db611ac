/**
 * Every screen is its own chunk (React.lazy): the first load carries the framework and the login page only,
 * and a capability's code arrives when someone opens it.
 */
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { PLACEHOLDER_KEYS } from './nav';
import { FullPageLoader, RequireAuth } from './require-auth';

const LoginPage = lazy(() => import('./login-page'));
const Shell = lazy(() => import('./shell'));
const DashboardPage = lazy(() => import('../modules/dashboard/dashboard-page'));
const PlaceholderPage = lazy(() => import('./placeholder-page'));
const SettingsPage = lazy(() => import('../modules/settings/settings-page'));
const CustomersPage = lazy(() => import('../modules/customers/customers-page'));
const CustomerRecordPage = lazy(() => import('../modules/customers/customer-record-page'));
const ContactsPage = lazy(() => import('../modules/contacts/contacts-page'));
const LeadsPage = lazy(() => import('../modules/leads/leads-page'));
const LeadRecordPage = lazy(() => import('../modules/leads/lead-record-page'));
const BoardPage = lazy(() => import('../modules/opportunities/board-page'));
const ForecastPage = lazy(() => import('../modules/opportunities/forecast-page'));
const OpportunityRecordPage = lazy(() => import('../modules/opportunities/opportunity-record-page'));
const DocumentPage = lazy(() => import('../modules/sales/document-page'));
const MyDayPage = lazy(() => import('../modules/activities/my-day-page'));
const CalendarPage = lazy(() => import('../modules/activities/calendar/calendar-page'));
const SettingsRecordPage = lazy(() => import('../modules/settings/settings-record-page'));
// Any entity's record (`new`, `trash` or an id) and, under /records/, its generic list.
const RecordRoute = lazy(() => import('../views/record/record-route'));
const NotFoundPage = lazy(() => import('./not-found-page'));
// Public: a visitor books an appointment without an account.
const BookingPage = lazy(() => import('../modules/booking/booking-page'));

export function AppRoutes() {
  return (
    <Suspense fallback={<FullPageLoader />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/book/:slug" element={<BookingPage />} />
        <Route
          element={
            <RequireAuth>
              <Shell />
            </RequireAuth>
          }
        >
          <Route index element={<DashboardPage />} />
          {PLACEHOLDER_KEYS.map((key) => (
            <Route key={key} path={`/${key}/*`} element={<PlaceholderPage section={key} />} />
          ))}
          <Route path="/my-day" element={<MyDayPage />} />
          <Route path="/calendar" element={<CalendarPage />} />
          <Route path="/leads" element={<LeadsPage />} />
          <Route path="/leads/:id" element={<LeadRecordPage />} />
          {/* The generic list without an id, the record page with its stage bar with one. */}
          <Route path="/opportunities/:id?" element={<OpportunityRecordPage />} />
          <Route path="/pipeline" element={<BoardPage />} />
          <Route path="/forecast" element={<ForecastPage />} />
          <Route path="/quotations/:id?" element={<DocumentPage path="quotations" />} />
          <Route path="/sales-orders/:id?" element={<DocumentPage path="sales-orders" />} />
          <Route path="/customers" element={<CustomersPage />} />
          <Route path="/customers/:id" element={<CustomerRecordPage />} />
          <Route path="/contacts" element={<ContactsPage />} />
          <Route path="/contacts/:id" element={<RecordRoute path="contacts" />} />
          <Route path="/records/:path/:id?" element={<RecordRoute />} />
          <Route path="/settings/:section?" element={<SettingsPage />} />
          <Route path="/settings/:section/:id" element={<SettingsRecordPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
